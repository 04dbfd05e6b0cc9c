/**
 * What shows behind a person on camera: the room as it is, the room blurred, or a picture. Built-in
 * pictures are served by the app; one of the person's own lives only as long as the page.
 */
import * as v from "valibot";

export const BUILT_IN_BACKGROUNDS = [
  { id: "dusk", label: "Dusk", url: "/backgrounds/dusk.svg" },
  { id: "shelves", label: "Bookshelves", url: "/backgrounds/shelves.svg" },
  { id: "meadow", label: "Meadow", url: "/backgrounds/meadow.svg" },
] as const;
export type BuiltInBackgroundId = (typeof BUILT_IN_BACKGROUNDS)[number]["id"];

export type BackgroundChoice =
  | { kind: "none" }
  | { kind: "blur" }
  | { kind: "image"; id: BuiltInBackgroundId }
  /** A picture of the person's own, decoded in this page; not remembered for the next meeting. */
  | { kind: "upload"; name: string; image: ImageBitmap };

export const NO_BACKGROUND: BackgroundChoice = { kind: "none" };

/** What may be remembered across visits (and is checked when read back). */
export const rememberedBackgroundSchema = v.variant("kind", [
  v.object({ kind: v.literal("none") }),
  v.object({ kind: v.literal("blur") }),
  v.object({
    kind: v.literal("image"),
    id: v.picklist(BUILT_IN_BACKGROUNDS.map((background) => background.id)),
  }),
]);
export type RememberedBackground = v.InferOutput<typeof rememberedBackgroundSchema>;

export function rememberable(choice: BackgroundChoice): RememberedBackground | null {
  return choice.kind === "upload" ? null : choice;
}

export function describeBackground(choice: BackgroundChoice): string {
  switch (choice.kind) {
    case "none":
      return "No effect";
    case "blur":
      return "Blur";
    case "image":
      return BUILT_IN_BACKGROUNDS.find((background) => background.id === choice.id)?.label ?? "Picture";
    case "upload":
      return choice.name;
  }
}
