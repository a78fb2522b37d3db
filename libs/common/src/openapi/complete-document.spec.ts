import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_OPERATION } from '../http/public.decorator';
import { completeDocument } from './complete-document';

const documentWith = (paths: OpenAPIObject['paths']): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
});

describe('completeDocument', () => {
  it('marks public operations with no security and others with the bearer token', () => {
    const document = completeDocument(
      documentWith({
        '/open': { get: { operationId: 'A_open', responses: {}, [PUBLIC_OPERATION]: true } as never },
        '/closed/{id}': { post: { operationId: 'A_closeIt', responses: { 201: { description: 'ok' } } } },
      }),
    );
    const open = document.paths['/open'].get!;
    const closed = document.paths['/closed/{id}'].post!;
    expect(open.security).toEqual([]);
    expect(PUBLIC_OPERATION in open).toBe(false);
    expect(closed.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(open.responses).sort()).toEqual(['400', '429']);
    expect(Object.keys(closed.responses).sort()).toEqual(['201', '400', '401', '404', '429']);
    expect(document.servers).toEqual([{ url: '/', description: 'The gateway' }]);
  });

  it("takes a comment's first paragraph as the summary and names the rest the description", () => {
    const document = completeDocument(
      documentWith({
        '/x': { get: { summary: 'Books seats\nor places.\n\nMore words here.', responses: {} } },
        '/y': { get: { operationId: 'ThingController_listMine', responses: {} } },
      }),
    );
    expect(document.paths['/x'].get).toMatchObject({
      summary: 'Books seats or places.',
      description: 'More words here.',
    });
    expect(document.paths['/y'].get!.summary).toBe('List mine');
  });
});
