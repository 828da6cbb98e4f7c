fn main() {
    println!("codegroup");
}
