/** Something the person must read now, said to screen readers as it appears. */
import type { ReactNode } from "react";

const TONES = {
  error: "bg-rose-500/15 text-rose-200",
  warning: "bg-amber-400/15 text-amber-200",
};

export function Alert({
  tone = "error",
  className = "",
  children,
}: {
  tone?: keyof typeof TONES;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div role="alert" className={`rounded-xl p-3 ${TONES[tone]} ${className}`}>
      {children}
    </div>
  );
}
