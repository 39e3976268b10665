from c87.cli import main

main()
