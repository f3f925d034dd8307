//! Compiles `proto/baton/v1` with protox (pure Rust), so building Baton never needs protoc.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../proto");
    let files: Vec<PathBuf> = std::fs::read_dir(root.join("baton/v1"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    let descriptors = protox::compile(&files, [&root])?;
    println!("cargo:rerun-if-changed={}", root.display());
    tonic_prost_build::configure()
        // Ordered, so a customer encodes to the same bytes every time and reads back (JSON,
        // text, Preview) in the same order.
        .btree_map(".baton.v1.Customer.attributes")
        .build_client(true)
        .build_server(true)
        .compile_fds(descriptors)?;
    Ok(())
}
