// The demo's settings, served by www/serve.mjs as /config.json.
export async function config() {
  const r = await fetch('/config.json');
  return r.json();
}
