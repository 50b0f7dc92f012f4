// Starts the bundle this page belongs to: each staff section has its own, every other
// path gets the patient app (src/bundle.rs must list the same sections).
const SECTIONS = { owner: "owner", admin: "admin", reception: "agenda", dentist: "agenda" };
const BUNDLES = { patient: __PATIENT__, agenda: __AGENDA__, admin: __ADMIN__, owner: __OWNER__ };
const bundle = BUNDLES[SECTIONS[location.pathname.split("/")[1]] ?? "patient"];
// The WASM download starts now, not after the glue script has arrived.
const wasm = fetch(bundle.wasm);
const { default: init } = await import(bundle.js);
await init({ module_or_path: wasm });
