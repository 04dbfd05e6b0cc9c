/** The SFU's transport is loaded only for a large meeting: small ones, most of them, never download it. */
import { onDemand } from "./on-demand";
import type { SfuTransportFactory } from "./sfu-transport";

const sfu = onDemand(() => import("./sfu-transport"));

export const loadSfuTransport = (): Promise<SfuTransportFactory> =>
  sfu.load().then(
    ({ SfuTransport }) =>
      (options) =>
        new SfuTransport(options),
  );
