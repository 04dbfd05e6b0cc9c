"use client";
import { DeviceSettings } from "./DeviceSettings";
import { SidePanel } from "./SidePanel";

export function SettingsPanel() {
  return (
    <SidePanel label="Settings" title="Settings" closeLabel="Close settings">
      <div className="p-3">
        <DeviceSettings />
      </div>
    </SidePanel>
  );
}
