//! The recommender worker (see `attune::worker::recommender`).
fn main() {
    attune::worker::recommender::serve();
}
