//! The JavaScript surface (wasm32 only): a `Replayer` class whose results are JSON text.

use wasm_bindgen::prelude::*;

use crate::replay::Replayer;

/// Replays test vectors in the page; bundles added once serve every later vector.
#[wasm_bindgen(js_name = Replayer)]
pub struct JsReplayer {
    inner: Replayer,
}

#[wasm_bindgen(js_class = Replayer)]
impl JsReplayer {
    /// A replayer knowing only the v7 actors fvmi builds.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsReplayer {
        JsReplayer {
            inner: Replayer::new(),
        }
    }

    /// Adds a bundle CAR (`name` labels it); returns its root CID.
    #[wasm_bindgen(js_name = addBundle)]
    pub fn add_bundle(&mut self, name: &str, bytes: &[u8]) -> Result<String, JsError> {
        Ok(self.inner.add_bundle(name, bytes)?)
    }

    /// The bundles known, as a JSON array of their sources.
    #[wasm_bindgen(js_name = bundleSources)]
    pub fn bundle_sources(&self) -> Result<String, JsError> {
        Ok(serde_json::to_string(&self.inner.bundle_sources())?)
    }

    /// Replays the vector in `json` (named `name`, its file name) and returns the report as
    /// JSON text.
    pub fn replay(&self, name: &str, json: &str) -> Result<String, JsError> {
        let report = self.inner.replay(name, json)?;
        Ok(serde_json::to_string(&report)?)
    }
}

impl Default for JsReplayer {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs one message making `nested_sends` nested sends (see the probe module); returns the
/// report as JSON text.
#[wasm_bindgen(js_name = probeNestedSends)]
pub fn probe_nested_sends(nested_sends: u32) -> Result<String, JsError> {
    let report = crate::probe::probe_nested_sends(nested_sends)
        .map_err(|error| JsError::new(&error.to_string()))?;
    Ok(serde_json::to_string(&report)?)
}

/// Installs a panic hook that sends Rust panics to the browser console before the trap.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        log(&format!("fvmi-web panicked: {info}"));
    }));
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn log(message: &str);
}
