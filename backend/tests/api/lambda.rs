//! The Lambda adapter, fed API Gateway v2 events from our own fixtures.
