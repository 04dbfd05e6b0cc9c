"use client";
import { Alert } from "./Alert";
import { BackgroundDisclosure } from "./BackgroundDisclosure";
import { FieldError } from "./FieldError";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { useLocalMedia } from "@/lib/hooks/useLocalMedia";
import { useRememberedName } from "@/lib/hooks/useRememberedName";
import { describePresence, describeRoomFull } from "@/lib/presence";
import * as v from "valibot";
import { displayNameSchema, MAX_NAME_LENGTH } from "@/lib/protocol";
import { describeMediaProblems } from "@/lib/rtc/local-media";
import { CallNotice } from "./CallNotice";
import { DeviceSettings } from "./DeviceSettings";
import { DeviceToggles } from "./DeviceToggles";
import { loadCallView } from "./lazy-call-view";
import { VideoTile } from "./VideoTile";

/** A browser's permission prompt is easy to miss; say what we are waiting for after a few seconds. */
const PERMISSION_HINT_AFTER_MS = 4000;

function useTakesLonger(waiting: boolean, ms: number): boolean {
  const [tookLonger, setTookLonger] = useState(false);
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => setTookLonger(true), ms);
    return () => clearTimeout(timer);
  }, [waiting, ms]);
  return waiting && tookLonger;
}

export function PreJoin() {
  const session = useRoomSession();
  const { stream, status, audio, video } = useLocalMedia();
  const roomId = useRoomStore((state) => state.roomId);
  const participants = useRoomStore((state) => state.participants);
  const capacity = useRoomStore((state) => state.capacity);
  const connection = useRoomStore((state) => state.connection);
  const joining = useRoomStore((state) => state.phase === "joining");
  const knocking = useRoomStore((state) => state.phase === "knocking");
  const locked = useRoomStore((state) => state.locked);
  const joinError = useRoomStore((state) => state.joinError);
  const hostPresent = useRoomStore((state) => state.hostPresent);
  const nameRef = useRef<HTMLInputElement>(null);
  // The name is the one thing to do here: start there, not ten Tabs in behind the device pickers.
  useEffect(() => nameRef.current?.focus(), []);
  const { name, setName, remember } = useRememberedName();
  const [nameError, setNameError] = useState<string | null>(null);
  const nameErrorId = useId();

  const full = capacity !== null && participants.length >= capacity;
  const fullMessage = full ? describeRoomFull(capacity) : null;
  const mediaProblem = describeMediaProblems(audio.problem, video.problem);
  const waitedLong = useTakesLonger(status === "requesting", PERMISSION_HINT_AFTER_MS);
  const waitingText = waitedLong
    ? "Waiting for permission to use your camera and microphone. Allow them in your browser's prompt."
    : "Starting your camera...";
  // The roster, not the socket, says who is here: until it arrives the page cannot know.
  const rosterKnown = connection === "open" && capacity !== null;
  const ready = rosterKnown && status === "ready" && !full && !joining && !knocking;

  useEffect(() => {
    // The session decides: straight back into the call after a reload, or dial ahead of "Join now".
    // With someone to call, the call screen loads now, not on the click that needs it at once.
    if (ready && (session.prepareToJoin() || participants.length > 0)) void loadCallView();
  }, [ready, session, participants.length]);

  /** The person is about to join: what the call needs loads now rather than on the click. */
  function getReady() {
    void loadCallView();
    session.warmUp();
  }

  function join(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = v.safeParse(displayNameSchema, name);
    if (!parsed.success) {
      setNameError(parsed.issues[0].message);
      return;
    }
    remember(parsed.output);
    void loadCallView();
    session.join(parsed.output);
  }

  return (
    <main className="mx-auto grid min-h-dvh max-w-5xl items-center gap-8 p-6 md:grid-cols-[3fr_2fr]">
      <section aria-label="Your preview" className="space-y-4">
        <VideoTile
          participantId="self"
          name={name.trim() || "You"}
          stream={stream}
          local
          cameraOff={!video.enabled}
          status={status === "ready" ? null : { text: waitingText, problem: false }}
        />
        <div className="flex justify-center gap-3">
          <DeviceToggles />
        </div>
        <DeviceSettings />
        <BackgroundDisclosure />
        <CallNotice />
        <p className="text-sm">
          <a href="/check" target="_blank" rel="noopener" className="text-sky-300 underline">
            Check your connection
          </a>{" "}
          <span className="text-slate-400">(opens in a new tab)</span>
        </p>
        {mediaProblem && <Alert tone="warning">{mediaProblem}</Alert>}
      </section>

      <form onSubmit={join} noValidate className="space-y-5" aria-label="Join the meeting">
        <div className="space-y-1">
          <h1 className="text-3xl font-semibold">Ready to join?</h1>
          {/*
            Which meeting this is, in the type the call screen shows it in: the browser looks a font up
            the first time it draws it (tens of milliseconds), better here than during the join.
          */}
          <p className="text-sm text-slate-400">
            Meeting <span className="font-mono">{roomId}</span>
          </p>
          <p className="text-slate-300" aria-live="polite">
            {rosterKnown ? describePresence(participants.map((p) => p.name)) : "Checking who is here..."}
          </p>
        </div>
        <div className="space-y-2">
          <label htmlFor="display-name" className="block font-medium">
            Your name
          </label>
          <input
            ref={nameRef}
            id="display-name"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              // Say a name is too long as it is typed, not only on Join.
              const parsed = v.safeParse(displayNameSchema, event.target.value);
              const tooLong =
                !parsed.success && Array.from(event.target.value.trim()).length > MAX_NAME_LENGTH;
              setNameError(tooLong ? parsed.issues[0].message : null);
            }}
            // A key pressed here is someone about to join: the call screen and the calls' code load
            // meanwhile. Not on focus, which the page gives this field itself on opening.
            onKeyDown={getReady}
            autoComplete="name"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? nameErrorId : undefined}
            className="w-full rounded-xl border border-slate-600 bg-slate-900 px-4 py-2.5"
          />
          <FieldError id={nameErrorId} error={nameError} />
        </div>
        {(fullMessage ?? joinError?.message) && <Alert>{fullMessage ?? joinError?.message}</Alert>}
        {knocking ? (
          <div className="space-y-3">
            <p role="status" className="rounded-xl bg-sky-500/15 p-3 text-sky-100">
              {hostPresent === false
                ? "No host is in the meeting right now. You'll be let in when one arrives and says yes."
                : "Asking to join. You'll be let in as soon as the host says yes."}
            </p>
            <button
              type="button"
              onClick={() => session.cancelKnock()}
              className="w-full rounded-full border border-slate-500 px-6 py-3 text-lg hover:bg-slate-800"
            >
              Cancel
            </button>
          </div>
        ) : (
          <button
            type="submit"
            disabled={!ready}
            onPointerEnter={getReady}
            onFocus={getReady}
            className="w-full rounded-full bg-sky-500 px-6 py-3 text-lg font-medium text-slate-950 hover:bg-sky-400 disabled:opacity-50"
          >
            {locked ? "Ask to join" : "Join now"}
          </button>
        )}
      </form>
    </main>
  );
}
