import { NoticePage } from "@/components/NoticePage";

export default function NotFound() {
  return <NoticePage title="Page not found" text="There is nothing at this address." />;
}
