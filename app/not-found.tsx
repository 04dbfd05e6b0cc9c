import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-6 p-6 text-center">
      <div role="alert" className="space-y-2">
        <h1 className="text-2xl font-semibold">Page not found</h1>
        <p className="text-slate-300">There is nothing at this address.</p>
      </div>
      <Link
        href="/"
        className="rounded-full bg-sky-500 px-5 py-2.5 font-medium text-slate-950 hover:bg-sky-400"
      >
        Back to the start
      </Link>
    </main>
  );
}
