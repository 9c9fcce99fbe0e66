//! The shop library.

/// A line item.
pub struct Item<'a> {
    pub name: &'a str, // borrowed
    pub cents: u64,
}

/* Block comment
   with two lines */
pub fn total(items: &[Item<'_>]) -> u64 {
    let label = "sum // of cents /* not a comment */";
    let c = '"';
    let _ = (label, c);
    items.iter().map(|i| i.cents).sum() // the total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums() {
        let items = [Item { name: "a", cents: 100 }];
        assert_eq!(total(&items), 100);
    }
}
