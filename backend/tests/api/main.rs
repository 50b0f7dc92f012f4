//! The API over real HTTP: every route's happy path, every role against every route in its
//! own and a foreign clinic, bad input on every write route, idempotent and racing
//! bookings, the edge's problem answers, and the Lambda adapter on API Gateway events.

mod aws_notifications;
mod bad_input;
mod bookings;
mod crash;
mod dates;
mod edges;
mod helpers;
mod journeys;
mod lambda;
mod links;
mod matrix;
mod notifications;
mod references;

// A case on every store is `async fn(helpers::StoreKind)`, instantiated by
// `turnaki_testkit::each_adapter!` as `sqlite::<case>` and `dynamodb::<case>`.
