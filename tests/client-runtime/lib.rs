//! The client runtime as the generated crate compiles it (`runtime` and
//! `client::http`), included from `codegen/runtime/` so its tests build in
//! seconds instead of compiling the 300,000-line generated crate.

// The macros the generated types use have no user here.
#[allow(unused_macros, unused_imports)]
#[path = "../../codegen/runtime/runtime.rs"]
pub mod runtime;

#[cfg(feature = "client")]
#[path = "../../codegen/runtime/http.rs"]
pub mod http;
