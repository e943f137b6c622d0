from erbm.cli import main

main()
