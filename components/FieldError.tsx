/** The message under a form field that was filled in wrong; the field points at it with aria-describedby. */
export function FieldError({ id, error, small }: { id: string; error: string | null; small?: boolean }) {
  if (!error) return null;
  return (
    <p id={id} role="alert" className={small ? "text-sm text-rose-300" : "text-rose-300"}>
      {error}
    </p>
  );
}
