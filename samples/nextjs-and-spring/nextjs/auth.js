// The Auth.js configuration (next-auth v5): the npm DynamoDB adapter on the table the Spring service shares.
// next-auth reads AUTH_SECRET (the Spring service's too) and AUTH_URL (this app's URL) from the environment.
import NextAuth from "next-auth";
import { DynamoDB } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocument } from "@aws-sdk/lib-dynamodb";
import { DynamoDBAdapter } from "@auth/dynamodb-adapter";

const client = DynamoDBDocument.from(
  new DynamoDB({
    endpoint: process.env.DYNAMODB_ENDPOINT || undefined, // DynamoDB Local (`./dynauth local`) only
    region: process.env.NEXT_AUTH_AWS_REGION,
    credentials: {
      accessKeyId: process.env.NEXT_AUTH_AWS_ACCESS_KEY,
      secretAccessKey: process.env.NEXT_AUTH_AWS_SECRET_KEY,
    },
  }),
  { marshallOptions: { convertEmptyValues: true, removeUndefinedValues: true, convertClassInstanceToMap: true } },
);

export const { handlers, auth } = NextAuth({
  adapter: DynamoDBAdapter(client, { tableName: process.env.AUTH_DYNAMODB_TABLE || "next-auth" }),
  // the Spring service's dynauth.session.strategy must be the same
  session: { strategy: process.env.AUTH_SESSION_STRATEGY === "jwt" ? "jwt" : "database" },
  providers: [
    {
      // Development: the link goes to the console. A real app uses Nodemailer or Resend here.
      id: "email",
      type: "email",
      name: "Email",
      from: "auth@localhost",
      maxAge: 24 * 60 * 60,
      options: {},
      async sendVerificationRequest({ identifier, url }) {
        console.log(`DEVELOPMENT ONLY: sign-in link for ${identifier}: ${url}`);
      },
    },
  ],
});
