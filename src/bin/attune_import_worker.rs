//! The import worker (see `attune::worker::import`).
fn main() {
    attune::worker::import::serve();
}
