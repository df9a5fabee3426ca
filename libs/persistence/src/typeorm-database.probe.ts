import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseProbe } from '@vigil/application';

@Injectable()
export class TypeormDatabaseProbe extends DatabaseProbe {
  constructor(private readonly dataSource: DataSource) {
    super();
  }
  async ping(): Promise<void> {
    if (!this.dataSource.isInitialized) throw new Error('database closed');
    await this.dataSource.query('SELECT 1');
  }
}
