//! The `claimgraph` command-line tool.

fn main() {
    println!("claimgraph");
}
