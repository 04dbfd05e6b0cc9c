/** A meeting's recent chat, for the life of the room, so that people who join later can read back. */
import { CHAT_HISTORY_LENGTH, type ChatMessage } from "../lib/protocol";

export class ChatLog {
  private readonly messages: ChatMessage[] = [];
  private count = 0;

  constructor(private readonly now: () => number) {}

  /** Records what a member said, stamped with the server's time, and returns it as everyone gets it. */
  add(from: { id: string; name: string }, text: string): ChatMessage {
    const message = { id: String(++this.count), from: from.id, name: from.name, text, sentAt: this.now() };
    this.messages.push(message);
    if (this.messages.length > CHAT_HISTORY_LENGTH) this.messages.shift();
    return message;
  }

  get history(): readonly ChatMessage[] {
    return this.messages;
  }
}
