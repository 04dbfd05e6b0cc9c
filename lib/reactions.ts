/** How each reaction looks and is named; the wire carries only its name (see REACTIONS). */
import type { Reaction } from "./protocol";

export const REACTION_LOOKS: Record<Reaction, { emoji: string; label: string }> = {
  "thumbs-up": { emoji: "👍", label: "Thumbs up" },
  clap: { emoji: "👏", label: "Clap" },
  laugh: { emoji: "😂", label: "Laugh" },
  surprise: { emoji: "😮", label: "Surprise" },
  heart: { emoji: "❤️", label: "Heart" },
  celebrate: { emoji: "🎉", label: "Celebrate" },
};
