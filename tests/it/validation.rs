//! Validation errors: each bad input gives its exact position and message.
