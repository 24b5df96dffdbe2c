// No favicon to fetch: every failed request fails the test.
export const metadata = { title: 'atlas-integrations in Next.js', icons: { icon: 'data:,' } };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
