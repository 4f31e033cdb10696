//! The `client` module: one method per operation, grouped by resource,
//! over the hand-written runtime in `client::http`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::TypeGraph;

pub fn module(_graph: &TypeGraph) -> TokenStream {
    quote! {
        //! An async client for every operation of the API.

        pub mod http;
        pub mod webhooks;

        pub use http::{ApiError, Call, Client, ClientBuilder, Error, RetryPolicy, WithResponse};
    }
}
