// Cart state for the web shop.
import { Item } from './item';

/** The cart. */
export class Cart {
  private items: Item[] = [];
  private readonly url = 'https://api.example.com//v1'; // double slash in a string

  add(item: Item): void {
    /* keep insertion order */
    this.items.push(item);
  }

  total(): number {
    const label = `total // ${this.items.length} items /* sic */`;
    const re = /\/\/ not a comment/;
    return this.items.reduce((sum, i) => sum + i.price, 0); // sum of prices
  }

  describe(): string {
    return "Cart with \"quotes\" // and slashes";
  }
}
