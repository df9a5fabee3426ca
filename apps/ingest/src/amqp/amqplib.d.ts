/** The part of amqplib (0.10, promise API) that partitioned ingest uses; amqplib ships no types of its own. */
declare module 'amqplib' {
  import type { EventEmitter } from 'node:events';

  export interface Message {
    content: Buffer;
    fields: { routingKey: string; deliveryTag: number; redelivered: boolean; exchange: string };
    properties: { headers?: Record<string, unknown> };
  }
  export interface Options {
    durable?: boolean;
    exclusive?: boolean;
    autoDelete?: boolean;
    arguments?: Record<string, unknown>;
  }
  export interface PublishOptions {
    headers?: Record<string, unknown>;
    expiration?: string;
    persistent?: boolean;
  }
  export interface Channel extends EventEmitter {
    assertExchange(name: string, type: string, options?: Options): Promise<unknown>;
    assertQueue(name: string, options?: Options): Promise<{ queue: string; messageCount: number; consumerCount: number }>;
    bindExchange(destination: string, source: string, pattern: string): Promise<unknown>;
    bindQueue(queue: string, source: string, pattern: string): Promise<unknown>;
    prefetch(count: number): Promise<unknown>;
    consume(queue: string, onMessage: (msg: Message | null) => void, options?: { noAck?: boolean }): Promise<{ consumerTag: string }>;
    ack(msg: Message): void;
    publish(exchange: string, routingKey: string, content: Buffer, options?: PublishOptions): boolean;
    close(): Promise<void>;
  }
  export interface ChannelModel extends EventEmitter {
    createChannel(): Promise<Channel>;
    close(): Promise<void>;
  }
  export function connect(url: string, socketOptions?: Record<string, unknown>): Promise<ChannelModel>;
}
