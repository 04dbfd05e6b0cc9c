import Link from "next/link";

/** A whole-page message with a way back to the lobby: not found, and the like. */
export function NoticePage({
  title,
  text,
  action = "Back to the start",
}: {
  title: string;
  text: string;
  /** What the way back to the lobby is called, when it is there for something else too. */
  action?: string;
}) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-6 p-6 text-center">
      <div role="alert" className="space-y-2">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-slate-300">{text}</p>
      </div>
      <Link
        href="/"
        className="rounded-full bg-sky-500 px-5 py-2.5 font-medium text-slate-950 hover:bg-sky-400"
      >
        {action}
      </Link>
    </main>
  );
}
