/* Word lists for synthetic identifiers. Common given names and surnames combined at random, product words
 * invented for the purpose; no list holds anything taken from a real dataset. */

export const FIRST_NAMES = [
  'Ada', 'Ben', 'Chloe', 'Daniel', 'Elena', 'Felix', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Leo', 'Maya', 'Noah',
  'Olivia', 'Pablo', 'Quinn', 'Rosa', 'Samir', 'Tara', 'Umar', 'Vera', 'Wen', 'Xavier', 'Yara', 'Zoe', 'Amir', 'Bea',
  'Carlos', 'Dana', 'Emil', 'Farah', 'Gustav', 'Hana', 'Ivan', 'Julia', 'Kenji', 'Lina', 'Marco', 'Nora',
] as const;

export const LAST_NAMES = [
  'Adams', 'Berg', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Larsen',
  'Martin', 'Novak', 'Okafor', 'Petrov', 'Quist', 'Rossi', 'Silva', 'Tanaka', 'Umarov', 'Vogel', 'Weber', 'Xu',
  'Young', 'Zimmer', 'Almeida', 'Brown', 'Chen', 'Dahl', 'Eriksen', 'Fontaine', 'Gross', 'Horvat', 'Iqbal', 'Jovanovic',
  'Klein', 'Lopez', 'Meyer', 'Nakamura',
] as const;

export const PRODUCT_ADJECTIVES = [
  'Compact', 'Classic', 'Everyday', 'Nordic', 'Urban', 'Deluxe', 'Smart', 'Sturdy', 'Light', 'Quiet', 'Rapid', 'Soft',
  'Solid', 'Bright', 'Travel', 'Studio', 'Outdoor', 'Mini', 'Pro', 'Eco',
] as const;

export const PRODUCT_NOUNS = [
  'Kettle', 'Lamp', 'Backpack', 'Chair', 'Desk', 'Headphones', 'Blender', 'Jacket', 'Notebook', 'Mug', 'Speaker',
  'Blanket', 'Bottle', 'Toaster', 'Sneakers', 'Umbrella', 'Keyboard', 'Pillow', 'Watch', 'Tent',
] as const;
