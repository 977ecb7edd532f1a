//! The boundary's refusals, through the exported functions themselves.

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use crate::client::*;
use crate::error::*;
use crate::pager::*;
use crate::strings::*;

/// The code of `err` (then frees it).
fn code_of(err: *mut QuayError) -> String {
    assert!(!err.is_null(), "expected an error");
    // SAFETY: a live error from libquay.
    let code = unsafe { CStr::from_ptr(quay_error_code(err)) }.to_string_lossy().into_owned();
    unsafe { quay_error_free(err) };
    code
}

fn c(s: &[u8]) -> *const c_char {
    s.as_ptr().cast()
}

#[test]
fn null_pointers_bad_utf8_and_bad_json_are_invalid_input() {
    unsafe {
        let mut err = null_mut();
        // A client needs no server until called; the configuration is checked.
        let client = quay_client_new(c(b"{\"registry\": \"http://127.0.0.1:9\", \"retries\": 0}\0"), &mut err);
        assert!(!client.is_null() && err.is_null());
        assert!(quay_client_new(c(b"{not json\0"), &mut err).is_null());
        assert_eq!(code_of(err), "invalid_input");
        assert!(quay_client_new(c(b"{\"registy\": \"x\"}\0"), &mut err).is_null());
        assert_eq!(code_of(err), "invalid_input");
        assert!(quay_client_new(c(b"\"\xff\"\0"), &mut err).is_null());
        assert_eq!(code_of(err), "invalid_input");

        let mut out: *mut c_char = null_mut();
        let cases: [(*const QuayClient, *const c_char, *const c_char, &str); 6] = [
            (null(), c(b"getRepo\0"), null(), "client"),
            (client, null(), null(), "operation"),
            (client, c(b"get\xffRepo\0"), null(), "operation"),
            (client, c(b"getRepo\0"), c(b"{\"namespace\": \xff}\0"), "args_json"),
            (client, c(b"getRepo\0"), c(b"[1,\0"), "args_json"),
            (client, c(b"frobnicate\0"), c(b"{}\0"), "frobnicate"),
        ];
        for (cl, op, args, what) in cases {
            assert_eq!(quay_call(cl, op, args, &mut out, &mut err), -1, "{what}");
            assert!(out.is_null());
            let message = CStr::from_ptr(quay_error_message(err)).to_string_lossy().into_owned();
            assert!(message.contains(what), "{message}");
            assert_eq!(quay_error_status(err), 0);
            assert_eq!(code_of(err), "invalid_input", "{what}");
        }
        // A missing argument and a missing out parameter.
        assert_eq!(quay_call(client, c(b"getRepo\0"), c(b"{\"namespace\": \"acme\"}\0"), &mut out, &mut err), -1);
        assert_eq!(code_of(err), "invalid_input");
        assert_eq!(quay_call(client, c(b"getRepo\0"), null(), null_mut(), &mut err), -1);
        assert_eq!(code_of(err), "invalid_input");
        // A NULL `err` is allowed: only the return value tells.
        assert_eq!(quay_call(client, null(), null(), &mut out, null_mut()), -1);

        assert!(quay_paginate(client, c(b"getRepo\0"), c(b"{}\0"), &mut err).is_null());
        assert_eq!(code_of(err), "invalid_input");
        assert!(quay_paginate(null(), c(b"listRepos\0"), null(), &mut err).is_null());
        assert_eq!(code_of(err), "invalid_input");
        assert_eq!(quay_pager_next(null(), &mut out, &mut err), -1);
        assert_eq!(code_of(err), "invalid_input");

        // NULL accessors and frees are harmless.
        assert!(quay_error_code(null()).is_null() && quay_error_type(null()).is_null());
        quay_error_free(null_mut());
        quay_string_free(null_mut());
        quay_pager_free(null_mut());
        quay_cancel_token_free(null_mut());
        quay_client_free(client);
        quay_client_free(null_mut());

        assert_eq!(CStr::from_ptr(quay_version()).to_str(), Ok(env!("CARGO_PKG_VERSION")));
        let ops = quay_operations_json();
        let table: serde_json::Value = serde_json::from_str(CStr::from_ptr(ops).to_str().unwrap()).unwrap();
        assert!(table.as_array().is_some_and(|a| a.iter().any(|o| o["id"] == "getRepo")));
        quay_string_free(ops);
    }
}
