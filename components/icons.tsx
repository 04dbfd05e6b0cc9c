import type { SVGProps } from "react";

/**
 * The icons the pre-join screen shows too (its preview tile and device toggles), and what every icon
 * is drawn with; the call screen's own are in call-icons.tsx, loaded with it.
 */
export type IconProps = SVGProps<SVGSVGElement> & { off?: boolean };

export function Icon({ children, off, ...props }: IconProps) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="22"
      height="22"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
      {off && <path d="M3 3l18 18" />}
    </svg>
  );
}

export const MicrophoneIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="9" y="3" width="6" height="11" rx="3" />
    <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
  </Icon>
);

export const CameraIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="3" y="6" width="13" height="12" rx="2" />
    <path d="M16 10l5-3v10l-5-3z" />
  </Icon>
);

export const HandIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M18 11V6a2 2 0 0 0-4 0v5M14 10V4a2 2 0 0 0-4 0v6M10 10.5V6a2 2 0 0 0-4 0v8" />
    <path d="M18 8a2 2 0 1 1 4 0v6a8 8 0 0 1-8 8h-2c-2.8 0-4.5-.9-6-2.4l-3.6-3.6a2 2 0 0 1 2.8-2.8L7 15" />
  </Icon>
);

export const FlipCameraIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M20 5h-3.2L15 3H9L7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2z" />
    <path d="M15 11l-2-2-2 2M13 9v6M9 13l2 2" />
  </Icon>
);
