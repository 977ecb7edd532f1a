//! Small helpers below every other layer (they import nothing from the crate): dates, random
//! identifiers, encodings and human-readable sizes.
//!
//! The public functions are the date renderings and base64 that tests of the fake's answers
//! use to build expected values.

mod dates;
mod encoding;
mod random;
mod sizes;

pub use dates::{days_from_civil, http_date, iso_date, rfc2822};
pub use encoding::base64;

pub(crate) use dates::{iso_z, parse_iso_z, parse_mdy};
pub(crate) use encoding::{base64_decode, base64url, hex, parse_query, percent_decode, sha256_hex};
pub(crate) use random::{ALNUM, UPPER_ALNUM, rand_bytes, rand_string, rand_u64, uuid4};
pub(crate) use sizes::{human_size, parse_human_size};
