//! Native-only data pipeline: reads each source through its own adapter into the model and writes the bundle.
pub mod hrg;
