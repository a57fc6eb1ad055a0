/** A mistake in the model definitions (not in the data): the message says what to fix and where. */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}
