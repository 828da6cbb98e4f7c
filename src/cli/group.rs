use std::process::ExitCode;

#[derive(clap::Args)]
pub struct GroupArgs {}
#[derive(clap::Args)]
pub struct BatchArgs {}
#[derive(clap::Args)]
pub struct CoverageArgs {}

pub fn run_group(_args: GroupArgs) -> ExitCode {
    super::common::fail("not built yet")
}
pub fn run_batch(_args: BatchArgs) -> ExitCode {
    super::common::fail("not built yet")
}
pub fn run_coverage(_args: CoverageArgs) -> ExitCode {
    super::common::fail("not built yet")
}
