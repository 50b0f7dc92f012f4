//! The single-page app's files from `frontend/dist`; unknown paths get `index.html` so the
//! app's own router can answer deep links.

use std::path::PathBuf;

use tower_http::services::{ServeDir, ServeFile};

/// Serves `dir`, falling back to its `index.html`.
pub fn service(dir: PathBuf) -> ServeDir<ServeFile> {
    let index = dir.join("index.html");
    ServeDir::new(dir).fallback(ServeFile::new(index))
}
