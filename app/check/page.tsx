import type { Metadata } from "next";
import { ConnectionCheck } from "@/components/ConnectionCheck";
import { readClientConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Connection check · Parley" };

// The room server's address is read at request time, so one build serves any deployment.
export const dynamic = "force-dynamic";

export default function CheckPage() {
  return <ConnectionCheck partyHost={readClientConfig().partyHost} />;
}
