//! The `generate-stack` command line: its help, its argument errors, and what it prints.

use std::process::Command;

fn generate_stack(arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_generate-stack")).args(arguments).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn help_describes_the_arguments() {
    let (code, stdout, stderr) = generate_stack(&["--help"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_bad_count_is_refused_with_the_argument_named() {
    for count in ["many", "0", "99999999999"] {
        let (code, stdout, stderr) = generate_stack(&[count]);
        assert_eq!((code, stdout.as_str()), (2, ""), "{count}");
        assert!(stderr.contains("for '[COUNT]'"), "{count}: {stderr}");
    }
}

#[test]
fn the_count_sets_the_number_of_services() {
    let (code, stdout, stderr) = generate_stack(&["3"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, paved_benches::scale_stack(3));
    let (_, default, _) = generate_stack(&[]);
    assert_eq!(default, paved_benches::scale_stack(1000));
}
