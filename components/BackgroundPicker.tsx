"use client";
import { useId, useState, type ChangeEvent } from "react";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import {
  BUILT_IN_BACKGROUNDS,
  describeBackground,
  type BackgroundChoice,
} from "@/lib/media/background/choice";
import { describeUploadProblem, readUpload } from "@/lib/media/background/upload";
import { FieldError } from "./FieldError";

const OPTION =
  "flex cursor-pointer items-center gap-2 rounded-lg border border-slate-600 px-2 py-1.5 text-sm has-[:checked]:border-sky-400 has-[:checked]:bg-sky-800 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-300";

/** What shows behind the person on camera: nothing, a blur, a built-in picture or one of their own. */
export function BackgroundPicker() {
  const { localMedia } = useRoomSession();
  const background = useRoomStore((state) => state.background);
  const starting = useRoomStore((state) => state.backgroundStarting);
  const camera = useRoomStore((state) => state.video.available);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const name = useId();
  const errorId = useId();

  const choose = (choice: BackgroundChoice) => {
    setUploadError(null);
    void localMedia.setBackground(choice);
  };
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    const read = await readUpload(file);
    if ("problem" in read) setUploadError(describeUploadProblem(read.problem));
    else choose(read.choice);
  };

  const options: { key: string; choice: BackgroundChoice; thumbnail?: string }[] = [
    { key: "none", choice: { kind: "none" } },
    { key: "blur", choice: { kind: "blur" } },
    ...BUILT_IN_BACKGROUNDS.map((picture) => ({
      key: picture.id,
      choice: { kind: "image", id: picture.id } as const,
      thumbnail: picture.url,
    })),
    ...(background.kind === "upload" ? [{ key: "upload", choice: background }] : []),
  ];
  const chosen = background.kind === "image" ? background.id : background.kind;

  return (
    <fieldset className="space-y-2" disabled={!camera} aria-describedby={uploadError ? errorId : undefined}>
      <legend className="text-sm text-slate-300">Background</legend>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {options.map(({ key, choice, thumbnail }) => (
          <label key={key} className={OPTION}>
            <input
              type="radio"
              name={name}
              className="accent-sky-400"
              checked={chosen === key}
              onChange={() => choose(choice)}
            />
            {thumbnail && (
              // eslint-disable-next-line @next/next/no-img-element -- a 40 px SVG thumbnail needs no optimising
              <img src={thumbnail} alt="" width={40} height={22} className="rounded" />
            )}
            <span className="truncate">{describeBackground(choice)}</span>
          </label>
        ))}
        <label className={OPTION}>
          <input type="file" accept="image/*" className="sr-only" onChange={(event) => void upload(event)} />
          <span>Your own picture…</span>
        </label>
      </div>
      <p className="text-xs text-slate-400" aria-live="polite">
        {!camera
          ? "Background effects need a camera."
          : starting
            ? "Starting the background effect…"
            : "Blur and pictures are worked out on this device; nothing leaves it but your video."}
      </p>
      <FieldError id={errorId} error={uploadError} small />
    </fieldset>
  );
}
