// The Auth.js configuration of the Next.js app (its auth.ts): the DynamoDB adapter on the shared table, database
// sessions, and an email provider. In a Next.js app this object goes to NextAuth(...) from "next-auth"; here it
// goes to @auth/core's Auth(), which NextAuth's route handlers call.
import { DynamoDB } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocument } from "@aws-sdk/lib-dynamodb";
import { DynamoDBAdapter } from "@auth/dynamodb-adapter";

const client = DynamoDBDocument.from(
  new DynamoDB({
    region: process.env.NEXT_AUTH_AWS_REGION,
    credentials: {
      accessKeyId: process.env.NEXT_AUTH_AWS_ACCESS_KEY,
      secretAccessKey: process.env.NEXT_AUTH_AWS_SECRET_KEY,
    },
    endpoint: process.env.DYNAMODB_ENDPOINT || undefined, // DynamoDB Local only
  }),
  {
    marshallOptions: { convertEmptyValues: true, removeUndefinedValues: true, convertClassInstanceToMap: true },
  },
);

export const authConfig = {
  adapter: DynamoDBAdapter(client, { tableName: process.env.AUTH_DYNAMODB_TABLE || "next-auth" }),
  secret: process.env.AUTH_SECRET,
  trustHost: true,
  basePath: "/api/auth",
  session: { strategy: "database" },
  providers: [
    {
      // A real app uses Nodemailer or Resend here; in development the link goes to the console.
      id: "email",
      type: "email",
      name: "Email",
      from: "auth@example.com",
      maxAge: 24 * 60 * 60,
      options: {},
      async sendVerificationRequest({ identifier, url }) {
        console.log(`DEVELOPMENT ONLY: sign-in link for ${identifier}: ${url}`);
      },
    },
  ],
};
