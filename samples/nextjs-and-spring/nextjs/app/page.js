import { auth } from "../auth.js";

// Who is signed in is read per request (from the session cookie and the table), never at build time.
export const dynamic = "force-dynamic";

export default async function Home() {
  const session = await auth();
  const email = session?.user?.email;
  return (
    <main>
      <h1>Next.js app</h1>
      <p id="who">{email ? `Signed in as ${email}` : "Not signed in"}</p>
      <p>
        {email ? <a href="/api/auth/signout">Sign out</a> : <a href="/api/auth/signin">Sign in</a>}
      </p>
    </main>
  );
}
