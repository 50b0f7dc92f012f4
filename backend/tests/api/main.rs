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
mod matrix;
// moto's configuration and read-back, shared with the shared library's notification tests.
#[path = "../../../shared-lib/tests/notifications/moto.rs"]
mod moto;
mod notifications;
mod references;

/// Instantiates each listed case (an `async fn(StoreKind)`) once per store:
/// `sqlite::<case>` and `dynamodb::<case>`.
#[macro_export]
macro_rules! on_every_store {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    super::$case($crate::helpers::StoreKind::Sqlite).await;
                }
            )*
        }

        mod dynamodb {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    super::$case($crate::helpers::StoreKind::Dynamodb).await;
                }
            )*
        }
    };
}
