/**
 * Security headers that do not depend on configuration; the content policy, which names the room
 * server, is set per request in proxy.ts.
 */
const securityHeaders = [
  {
    key: "Permissions-Policy",
    value:
      "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), picture-in-picture=(self), speaker-selection=(self), geolocation=(), payment=(), usb=()",
  },
  // Meeting codes are in the address: they must not travel to other sites in a Referer header.
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
