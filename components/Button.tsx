/**
 * The call's buttons, one look each: a pill with words (Button) and a round one with an icon and an
 * accessible name (IconButton). Toggles pass `pressed`, which is what assistive technology reads.
 */
import type { ComponentProps, ReactNode } from "react";

/** neutral: most controls; danger: Leave and other ends; on: a toggle that is on; off: a device that is off. */
export type Tone = "neutral" | "danger" | "on" | "off";

// Each keeps its text at 4.5:1 or better against its background, hovered too.
const TONES: Record<Tone, string> = {
  neutral: "border border-slate-500 bg-slate-800 hover:bg-slate-700",
  danger: "bg-rose-700 font-medium hover:bg-rose-800",
  on: "border border-sky-400 bg-sky-700 hover:bg-sky-800",
  off: "border border-rose-500 bg-rose-700 hover:bg-rose-800",
};

interface BaseProps extends Omit<ComponentProps<"button">, "type" | "aria-pressed"> {
  tone?: Tone;
  /** For a toggle: whether it is on. */
  pressed?: boolean;
  children: ReactNode;
}

export function Button({ tone = "neutral", pressed, className = "", children, ...rest }: BaseProps) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      className={`flex h-12 items-center gap-2 rounded-full px-4 disabled:opacity-50 ${TONES[tone]} ${className}`}
      {...rest}
    >
      {children}
    </button>
  );
}

interface IconButtonProps extends BaseProps {
  /** The accessible name: an icon says nothing to a screen reader. */
  label: string;
}

export function IconButton({ label, className = "", ...rest }: IconButtonProps) {
  return <Button aria-label={label} className={`relative w-12 justify-center px-0 ${className}`} {...rest} />;
}
