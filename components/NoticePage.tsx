/**
 * A whole-page message with a way back to the lobby: not found, and the like. The way back is a plain
 * link (a page load, as Rejoin is): Next's client-side Link would add its router code to the meeting
 * page's first load for a page few people see.
 */
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
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a page load, on purpose (see above) */}
      <a href="/" className="rounded-full bg-sky-500 px-5 py-2.5 font-medium text-slate-950 hover:bg-sky-400">
        {action}
      </a>
    </main>
  );
}
