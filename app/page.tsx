import { Lobby } from "@/components/Lobby";
import { readClientConfig } from "@/lib/config";

// The room server's address is read at request time, so one build serves any deployment.
export const dynamic = "force-dynamic";

export default function LobbyPage() {
  return <Lobby partyHost={readClientConfig().partyHost} />;
}
