import { randomUUID } from 'node:crypto';
import {
  type RecordedRequest,
  type StandIn,
  type StandInReply,
  startStandInServer,
} from '../http/stand-in-server.js';

/** One message as SNS's Publish received it. */
export interface PublishedMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface SnsStandIn extends StandIn {
  readonly published: readonly PublishedMessage[];
  createTopic(name: string): string;
}

export interface SnsStandInOptions {
  readonly port?: number;
  readonly region?: string;
  readonly topics?: readonly string[];
  /**
   * A subscriber: every accepted message is delivered to it before Publish answers (so a test
   * sees it once the publisher is done). As in SNS, a delivery that fails does not fail Publish.
   */
  readonly onPublish?: (message: PublishedMessage) => void;
  /** Keep what was published for inspection (default); a long-running stand-in turns it off. */
  readonly keepPublished?: boolean;
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function xml(status: number, body: string): StandInReply {
  return { status, bytes: { contentType: 'text/xml', data: new TextEncoder().encode(body) } };
}

/** SNS's Query-protocol error document. */
function errorReply(status: number, code: string, message: string): StandInReply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return xml(
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

/** `MessageAttributes.entry.N.Name` / `.Value.StringValue` pairs, as the Query protocol flattens them. */
function messageAttributes(form: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let index = 1; form.has(`MessageAttributes.entry.${index}.Name`); index++) {
    const name = form.get(`MessageAttributes.entry.${index}.Name`) as string;
    attributes[name] = form.get(`MessageAttributes.entry.${index}.Value.StringValue`) ?? '';
  }
  return attributes;
}

/**
 * A stand-in for Amazon SNS speaking its Query protocol (form-encoded requests, XML replies):
 * Publish to known topics, CreateTopic; everything received is kept for inspection.
 */
export async function startSnsStandIn(options: SnsStandInOptions = {}): Promise<SnsStandIn> {
  const region = options.region ?? 'us-east-1';
  const topics = new Set<string>();
  const published: PublishedMessage[] = [];
  const topicArn = (name: string) => `arn:aws:sns:${region}:000000000000:${name}`;
  for (const name of options.topics ?? []) topics.add(topicArn(name));

  const route = (request: RecordedRequest): StandInReply => {
    const form = new URLSearchParams(request.body);
    const action = form.get('Action');
    if (request.method !== 'POST' || !action)
      return errorReply(400, 'InvalidAction', 'no Action given');
    if (action === 'CreateTopic') {
      const arn = topicArn(form.get('Name') ?? '');
      topics.add(arn);
      return xml(
        200,
        `<CreateTopicResponse xmlns="${XMLNS}"><CreateTopicResult><TopicArn>${arn}</TopicArn></CreateTopicResult>` +
          `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></CreateTopicResponse>`,
      );
    }
    if (action !== 'Publish')
      return errorReply(400, 'InvalidAction', `${action} is not served by this stand-in`);
    const target = form.get('TopicArn') ?? '';
    const message = form.get('Message');
    if (!message) return errorReply(400, 'InvalidParameter', 'Invalid parameter: Empty message');
    if (!topics.has(target)) return errorReply(404, 'NotFound', 'Topic does not exist');
    const subject = form.get('Subject') ?? undefined;
    if (subject !== undefined && (subject.length > 100 || /[\r\n]/.test(subject))) {
      return errorReply(400, 'InvalidParameter', 'Invalid parameter: Subject');
    }
    const messageId = randomUUID();
    const accepted = {
      messageId,
      topicArn: target,
      subject,
      message,
      attributes: messageAttributes(form),
    };
    if (options.keepPublished !== false) published.push(accepted);
    try {
      options.onPublish?.(accepted);
    } catch {
      // A subscriber's failure is its own; the publisher is answered all the same.
    }
    return xml(
      200,
      `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  };

  const server = await startStandInServer({
    port: options.port,
    route,
    errorBody: (status) => ({ Error: { Code: status === 429 ? 'Throttling' : 'InternalError' } }),
  });
  return {
    ...server,
    published,
    createTopic: (name: string) => {
      topics.add(topicArn(name));
      return topicArn(name);
    },
  };
}
