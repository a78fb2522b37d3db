import { Module } from '@nestjs/common';
import { ContactRepository } from './contact.repository';

/** The contact replica; its repository is the module's API (there are no rules to add to it). */
@Module({ providers: [ContactRepository], exports: [ContactRepository] })
export class ContactModule {}
