// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { useHydrated } from "@/lib/hooks/useBrowserSupports";

function Probe() {
  return <button disabled={!useHydrated()}>Open</button>;
}

describe("useHydrated", () => {
  it("disables a control in the server's HTML, whose clicks would be lost, and enables it in the browser", () => {
    expect(renderToString(<Probe />)).toContain("disabled");
    render(<Probe />);
    expect(screen.getByRole("button", { name: "Open" })).toHaveProperty("disabled", false);
  });
});
