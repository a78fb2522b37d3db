import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { ValidationFailedException } from '../errors/app.exception';
import { PatchOf } from './decorators';
import { findForbiddenText, MULTI_LINE_RULE, MultiLine, OpaqueText, SINGLE_LINE_RULE } from './text-rules';
import { createValidationPipe } from './validation.pipe';

class PlaceDto {
  @IsString()
  name!: string;
}

class NoteDto {
  @IsString()
  title!: string;

  @IsString()
  @MultiLine()
  body!: string;

  @IsString()
  @OpaqueText()
  secret!: string;

  @ValidateNested()
  @Type(() => PlaceDto)
  place!: PlaceDto;

  @IsString({ each: true })
  tags!: string[];
}

class NotePatchDto extends PatchOf(NoteDto) {}

const note = (change: Partial<Record<keyof NoteDto, unknown>> = {}) =>
  Object.assign(new NoteDto(), {
    title: 'Title',
    body: 'Body',
    secret: 'secret',
    place: Object.assign(new PlaceDto(), { name: 'Hall' }),
    tags: ['a'],
    ...change,
  });

describe('findForbiddenText', () => {
  it('passes ordinary text, and a line feed in a multi-line field', () => {
    expect(findForbiddenText(note({ body: 'one\ntwo — ünïcödé ✓' }))).toEqual({});
  });

  it.each([
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u009b',
    '\u202a',
    '\u202e',
    '\u2066',
    '\u2069',
  ])('refuses %j in a single-line field', (c) => {
    expect(findForbiddenText(note({ title: `a${c}b` }))).toEqual({ title: [SINGLE_LINE_RULE] });
  });

  it.each(['\r', '\t', '\u0000', '\u202e'])('refuses %j in a multi-line field', (c) => {
    expect(findForbiddenText(note({ body: `a${c}b` }))).toEqual({ body: [MULTI_LINE_RULE] });
  });

  it('names nested fields and array items', () => {
    expect(
      findForbiddenText(
        note({ place: Object.assign(new PlaceDto(), { name: 'a\u202eb' }), tags: ['ok', 'x\ny'] }),
      ),
    ).toEqual({ 'place.name': [SINGLE_LINE_RULE], 'tags[1]': [SINGLE_LINE_RULE] });
  });

  it('leaves opaque text (a password) alone', () => {
    expect(findForbiddenText(note({ secret: 'a\t\u0001b' }))).toEqual({});
  });

  it('keeps the marks of a PATCH body made from a DTO', () => {
    const patch = Object.assign(new NotePatchDto(), { body: 'one\ntwo', title: 'x\ny' });
    expect(findForbiddenText(patch)).toEqual({ title: [SINGLE_LINE_RULE] });
  });
});

describe('the validation pipe', () => {
  const pipe = createValidationPipe();

  it('refuses a body with forbidden text, naming the field', async () => {
    const error = await pipe
      .transform({ title: 'a\rb' }, { type: 'body', metatype: NotePatchDto })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailedException);
    expect((error as ValidationFailedException).details).toEqual({ fields: { title: [SINGLE_LINE_RULE] } });
  });

  it('refuses a PATCH body that changes nothing', async () => {
    const error = await pipe.transform({}, { type: 'body', metatype: NotePatchDto }).catch((e: unknown) => e);
    expect((error as ValidationFailedException).details).toEqual({
      fields: { '(body)': ['must name at least one field to change'] },
    });
  });

  it('takes a PATCH body that changes one field', async () => {
    await expect(
      pipe.transform({ body: 'a\nb' }, { type: 'body', metatype: NotePatchDto }),
    ).resolves.toMatchObject({
      body: 'a\nb',
    });
  });
});
