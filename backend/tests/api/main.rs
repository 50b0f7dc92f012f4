//! The API over real HTTP: every route's happy path, every role against every route in its
//! own and a foreign clinic, bad input on every write route, idempotent and racing
//! bookings, the edge's problem answers, and the Lambda adapter on API Gateway events.

/// Instantiates each listed case of the calling module, an `async fn(helpers::StoreKind)`,
/// once per store with `turnaki_testkit::each_adapter!`: `sqlite::<case>` and
/// `dynamodb::<case>`, the names `scripts/test.sh` counts per adapter.
macro_rules! each_store_kind {
    ($($case:ident),* $(,)?) => {
        turnaki_testkit::each_adapter! {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            cases in {super}: [$($case),*];
            sqlite: |case| case(crate::helpers::StoreKind::Sqlite).await;
            dynamodb: |case| case(crate::helpers::StoreKind::Dynamodb).await;
        }
    };
}

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
mod recalls;
mod references;
mod texts;
mod waitlist;
