/**
 * The camera, microphone and speaker chosen last time, noise suppression and the background, in
 * localStorage, so the next meeting starts with them. What is read back is checked: storage is
 * another page's to write too.
 */
import * as v from "valibot";
import { rememberedBackgroundSchema } from "./background/choice";

const KEY = "parley:devices";
const deviceId = v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256)));
const rememberedSchema = v.object({
  audio: deviceId,
  video: deviceId,
  speaker: deviceId,
  noiseSuppression: v.optional(v.boolean()),
  background: v.optional(rememberedBackgroundSchema),
});
export type RememberedDevices = v.InferOutput<typeof rememberedSchema>;
type Storage = Pick<globalThis.Storage, "getItem" | "setItem">;

/** Blocked storage (privacy settings, some embedded views) remembers nothing, and nothing breaks. */
function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export class DeviceMemory {
  private readonly storage: Storage | null;

  constructor(storage?: Storage | null) {
    this.storage = storage === undefined ? defaultStorage() : storage;
  }

  preferred(): RememberedDevices {
    try {
      const parsed = v.safeParse(rememberedSchema, JSON.parse(this.storage?.getItem(KEY) ?? "{}"));
      return parsed.success ? parsed.output : {};
    } catch {
      return {};
    }
  }

  /** null forgets the choice: the default is used next time. */
  remember<K extends keyof RememberedDevices>(key: K, value: RememberedDevices[K] | null): void {
    const { [key]: _previous, ...others } = this.preferred();
    try {
      this.storage?.setItem(KEY, JSON.stringify(value === null ? others : { ...others, [key]: value }));
    } catch {
      // Not remembered next time; nothing else depends on it.
    }
  }
}
